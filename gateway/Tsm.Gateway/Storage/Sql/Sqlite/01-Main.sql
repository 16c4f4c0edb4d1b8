-- TSM gateway, embedded profile (SQLite): the table of named queries.
--
-- Orleans' ADO.NET providers (persistence, reminders) run no SQL of their own:
-- at start-up they read "SELECT QueryKey, QueryText FROM OrleansQuery" and from
-- then on execute the text stored under each key, binding parameters by name
-- and reading result columns by name. The scripts beside this one fill the
-- table; every script is applied at each start, so each must be idempotent.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
