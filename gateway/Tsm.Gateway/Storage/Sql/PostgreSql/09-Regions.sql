-- TSM gateway, cluster profile (PostgreSQL): regions and number segments (docs/security.md, "Regions").

-- GB/T 2260 administrative divisions: the code gives the level and the parent (440106 → 440100 → 440000); both are
-- stored for queries. A region's parent exists before it, and a region with children or segments is not deleted
-- (RegionStore checks both under an advisory lock; the foreign keys hold it anyway).
CREATE TABLE IF NOT EXISTS Regions
(
    Code       TEXT NOT NULL PRIMARY KEY,
    Name       TEXT NOT NULL,
    ParentCode TEXT NULL REFERENCES Regions (Code),
    Level      TEXT NOT NULL CHECK (Level IN ('province', 'city', 'county'))
);

CREATE INDEX IF NOT EXISTS IX_Regions_ParentCode ON Regions (ParentCode);

-- Number segments (号段): an MSISDN's first 3 to 11 digits → its home region; the longest matching prefix wins.
CREATE TABLE IF NOT EXISTS NumberSegments
(
    Prefix     TEXT NOT NULL PRIMARY KEY,
    RegionCode TEXT NOT NULL REFERENCES Regions (Code)
);

CREATE INDEX IF NOT EXISTS IX_NumberSegments_RegionCode ON NumberSegments (RegionCode);

-- Default data inserted once per database: a name here means its seed ran, so what an operator deletes stays deleted.
CREATE TABLE IF NOT EXISTS Seeds
(
    Name TEXT NOT NULL PRIMARY KEY
);

-- The default regions, when the region table is empty at the first start (the scripts run under the schema lock).
INSERT INTO Regions (Code, Name, ParentCode, Level)
SELECT v.Code, v.Name, v.ParentCode, v.Level
FROM (VALUES ('110000', '北京市', NULL, 'province'),
             ('110100', '市辖区', '110000', 'city'),
             ('110105', '朝阳区', '110100', 'county'),
             ('440000', '广东省', NULL, 'province'),
             ('440100', '广州市', '440000', 'city'),
             ('440106', '天河区', '440100', 'county')) AS v (Code, Name, ParentCode, Level)
WHERE NOT EXISTS (SELECT 1 FROM Seeds WHERE Name = 'regions')
  AND NOT EXISTS (SELECT 1 FROM Regions);

INSERT INTO NumberSegments (Prefix, RegionCode)
SELECT v.Prefix, v.RegionCode
FROM (VALUES ('1380013', '440106'),
             ('1380020', '440100'),
             ('1390010', '110105'),
             ('1390011', '110105')) AS v (Prefix, RegionCode)
WHERE NOT EXISTS (SELECT 1 FROM Seeds WHERE Name = 'regions')
  AND NOT EXISTS (SELECT 1 FROM NumberSegments)
  AND EXISTS (SELECT 1 FROM Regions r WHERE r.Code = v.RegionCode);

INSERT INTO Seeds (Name) VALUES ('regions') ON CONFLICT (Name) DO NOTHING;
