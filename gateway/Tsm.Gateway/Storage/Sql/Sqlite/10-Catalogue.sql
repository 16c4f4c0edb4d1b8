-- TSM gateway, embedded profile (SQLite): the catalogue's change counter (docs/management.md, "Catalogue cache").
-- Every write to what the OTA engine reads (batches, SD definitions, applications, libraries, test numbers, provider
-- states) increments Version in the same transaction; each silo reloads its snapshot when the number it read changes.
CREATE TABLE IF NOT EXISTS CatalogueVersion
(
    Id      INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1),
    Version INTEGER NOT NULL
);

INSERT OR IGNORE INTO CatalogueVersion (Id, Version) VALUES (1, 0);
