// The bundle file's format: an SQLite database with this schema. Bump kBundleFormat on any
// change a reader of the old format would misread. (The media table came later within format 1:
// a reader of format 1 without it ignores it, and bundles without it have no media.)
#pragma once

namespace kiosk::core {

inline constexpr int kBundleFormat = 1;
inline constexpr int kBundleApplicationId = 0x4D42'4B31;  // "MBK1"

inline constexpr const char* kBundleSchema = R"sql(
PRAGMA application_id = 1296190257;
PRAGMA user_version = 1;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE items (
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, name TEXT NOT NULL, short_name TEXT NOT NULL,
  pictogram TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE sections (
  item_id TEXT NOT NULL REFERENCES items(id), kind TEXT NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (item_id, kind));
CREATE TABLE notices (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,
  start_date TEXT NOT NULL, end_date TEXT NOT NULL);
CREATE TABLE help_sections (ord INTEGER PRIMARY KEY, heading TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE calendar_years (year INTEGER PRIMARY KEY);
CREATE TABLE media (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL);
CREATE TABLE calendar_days (date TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  name TEXT NOT NULL);
)sql";

}  // namespace kiosk::core
