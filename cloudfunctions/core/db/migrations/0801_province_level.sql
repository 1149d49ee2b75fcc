-- A province federation (省总工会) above the cities (齐鲁工惠: one province, 16 cities). A city is a root on its own
-- (the demo's 星城市总工会) or under a province; a province is always a root; every other level has a parent.
ALTER TABLE unions DROP CONSTRAINT unions_level_check;
ALTER TABLE unions ADD CONSTRAINT unions_level_check CHECK (level IN ('province', 'city', 'district', 'street', 'grassroots'));
ALTER TABLE unions DROP CONSTRAINT unions_check;
ALTER TABLE unions ADD CONSTRAINT unions_root_check
  CHECK (CASE level WHEN 'province' THEN parent_id IS NULL WHEN 'city' THEN true ELSE parent_id IS NOT NULL END);
