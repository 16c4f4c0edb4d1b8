-- TSM gateway, cluster profile (PostgreSQL): the catalogue's change counter (docs/management.md, "Catalogue cache").
-- Every write to what the OTA engine reads (batches, SD definitions, applications, libraries, test numbers, provider
-- states) increments Version in the same transaction; each silo reloads its snapshot when the number it read changes.
CREATE TABLE IF NOT EXISTS CatalogueVersion
(
    Id      INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1),
    Version BIGINT  NOT NULL
);

INSERT INTO CatalogueVersion (Id, Version) VALUES (1, 0) ON CONFLICT (Id) DO NOTHING;
