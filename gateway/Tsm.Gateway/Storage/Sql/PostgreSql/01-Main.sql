-- TSM gateway, cluster profile (PostgreSQL): the table of named queries.
--
-- Orleans' ADO.NET providers (clustering, persistence, reminders) run no SQL of their own:
-- at start-up they read "SELECT QueryKey, QueryText FROM OrleansQuery" and from then on
-- execute the text stored under each key, binding parameters by name (Npgsql rewrites
-- @Name to $n) and reading result columns by name. The scripts beside this one fill the
-- table; all of them run at each start in one transaction under an advisory lock, so each
-- must be idempotent. Query texts are dollar-quoted ($q$ ... $q$) to avoid doubled quotes.
--
-- A parameter whose value can be NULL is cast to its type wherever it appears: a NULL sent
-- without a type would leave PostgreSQL unable to infer one.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  VARCHAR(64) NOT NULL PRIMARY KEY,
    QueryText TEXT        NOT NULL
);
