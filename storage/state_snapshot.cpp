#include "storage/state_snapshot.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "common/json_nesting.hpp"

namespace localiam::storage {

namespace {

// Database::prepare caches statements by the address of their text, so SQL built at run time
// is kept here for the life of the process: the same text always has the same address. The
// set stays small (a few statements per table).
const char* interned(std::string sql) {
  static std::mutex mutex;
  static std::set<std::string> texts;
  std::lock_guard<std::mutex> guard(mutex);
  return texts.insert(std::move(sql)).first->c_str();
}

std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct Column {
  std::string name;
  int pk = 0;  // position in the primary key, 0 if not part of it
};

std::vector<Column> columns_of(Database& db, const std::string& table) {
  std::vector<Column> columns;
  Statement s = db.prepare("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
  s.bind(1, table);
  while (s.step()) columns.push_back({s.text(0), static_cast<int>(s.integer(1))});
  return columns;
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

// SELECT typeof(c1), value(c1), typeof(c2), … in primary-key order (rowid without one). Reals
// come as text with 17 significant digits, so that they read back to the same double.
const char* select_all_sql(const std::string& table, const std::vector<Column>& columns) {
  std::string sql = "SELECT ";
  std::vector<std::pair<int, std::string>> key;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string c = quoted(columns[i].name);
    if (i) sql += ", ";
    sql += "typeof(" + c + "), CASE typeof(" + c + ") WHEN 'real' THEN printf('%!.17g', " + c +
           ") ELSE " + c + " END";
    if (columns[i].pk) key.emplace_back(columns[i].pk, c);
  }
  std::sort(key.begin(), key.end());
  sql += " FROM " + quoted(table) + " ORDER BY ";
  if (key.empty()) sql += "rowid";
  for (size_t i = 0; i < key.size(); ++i) sql += (i ? ", " : "") + key[i].second;
  return interned(std::move(sql));
}

// One row's values, appended as a JSON array.
void append_row(std::string& out, Statement& s, size_t columns, const std::string& table) {
  out += '[';
  for (size_t i = 0; i < columns; ++i) {
    if (i) out += ',';
    const int at = static_cast<int>(2 * i);
    const std::string type = s.text(at);
    if (type == "null")
      out += "null";
    else if (type == "integer")
      out += std::to_string(s.integer(at + 1));
    else if (type == "real")
      out += s.text(at + 1);
    else if (type == "text")
      append_json_string(out, s.text(at + 1));
    else
      throw DatabaseError("state export: table " + table + " holds a " + type +
                          " value, which the export does not support");
  }
  out += ']';
}

// Binds one JSON value; returns "" or why it cannot be stored.
std::string bind_value(Statement& s, int index, const rapidjson::Value& v) {
  if (v.IsNull()) {
    s.bind_null(index);
  } else if (v.IsInt64()) {
    s.bind(index, v.GetInt64());
  } else if (v.IsBool()) {
    s.bind(index, static_cast<int64_t>(v.GetBool() ? 1 : 0));
  } else if (v.IsString()) {
    s.bind(index, std::string_view(v.GetString(), v.GetStringLength()));
  } else if (v.IsNumber()) {
    // REAL columns convert the text back to the number (17 significant digits round-trip).
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v.GetDouble());
    s.bind(index, std::string_view(buf));
  } else {
    return "values must be null, numbers, booleans or strings";
  }
  return "";
}

std::string import_table(Database& db, const std::string& table, const rapidjson::Value& spec,
                         const std::vector<Column>& known) {
  const std::string where = "tables." + table;
  if (!spec.IsObject()) return where + " must be an object with \"columns\" and \"rows\"";
  auto columns = spec.FindMember("columns");
  auto rows = spec.FindMember("rows");
  if (columns == spec.MemberEnd() || !columns->value.IsArray())
    return where + ".columns must be an array of column names";
  if (rows == spec.MemberEnd() || !rows->value.IsArray())
    return where + ".rows must be an array of rows";
  std::vector<std::string> names;
  for (const auto& c : columns->value.GetArray()) {
    if (!c.IsString()) return where + ".columns must hold strings";
    std::string name(c.GetString(), c.GetStringLength());
    bool exists =
        std::any_of(known.begin(), known.end(), [&](const Column& k) { return k.name == name; });
    if (!exists) return where + ": the table has no column " + name;
    if (std::find(names.begin(), names.end(), name) != names.end())
      return where + ": column " + name + " is listed twice";
    names.push_back(std::move(name));
  }
  if (names.empty()) return rows->value.Empty() ? "" : where + ".columns is empty";
  std::string sql = "INSERT INTO " + quoted(table) + " (";
  for (size_t i = 0; i < names.size(); ++i) sql += (i ? ", " : "") + quoted(names[i]);
  sql += ") VALUES (";
  for (size_t i = 0; i < names.size(); ++i) sql += i ? ", ?" : "?";
  sql += ")";
  const char* insert = interned(std::move(sql));
  size_t n = 0;
  for (const auto& row : rows->value.GetArray()) {
    const std::string at = where + ".rows[" + std::to_string(n++) + "]";
    if (!row.IsArray() || row.Size() != names.size())
      return at + " must be an array of " + std::to_string(names.size()) + " values";
    Statement s = db.prepare(insert);
    for (rapidjson::SizeType i = 0; i < row.Size(); ++i) {
      std::string problem = bind_value(s, static_cast<int>(i + 1), row[i]);
      if (!problem.empty()) return at + ": " + problem;
    }
    try {
      s.run();
    } catch (const DatabaseError& e) {
      return at + ": " + e.what();
    }
  }
  return "";
}

}  // namespace

std::vector<std::string> state_tables(Database& db) {
  std::vector<std::string> tables;
  Statement s = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' AND name NOT IN ('schema_version', 'entity_counts', 'retired_access_keys') "
      "ORDER BY name");
  while (s.step()) tables.push_back(s.text(0));
  return tables;
}

std::vector<std::pair<std::string, int64_t>> table_row_counts(Database& db) {
  std::vector<std::pair<std::string, int64_t>> counts;
  for (const std::string& table : state_tables(db)) {
    Statement s = db.prepare(interned("SELECT count(*) FROM " + quoted(table)));
    counts.emplace_back(table, s.step() ? s.integer(0) : 0);
  }
  return counts;
}

int64_t schema_version(Database& db) {
  Statement s = db.prepare("SELECT version FROM schema_version");
  return s.step() ? s.integer(0) : 0;
}

size_t line_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::string export_state(Database& db) {
  std::string out =
      "{\"format\": \"localiam-state\", \"schema_version\": " + std::to_string(schema_version(db)) +
      ", \"tables\": {";
  bool first_table = true;
  for (const std::string& table : state_tables(db)) {
    const std::vector<Column> columns = columns_of(db, table);
    out += first_table ? "\n" : ",\n";
    first_table = false;
    append_json_string(out, table);
    out += ": {\"columns\": [";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ", ";
      append_json_string(out, columns[i].name);
    }
    out += "], \"rows\": [";
    Statement s = db.prepare(select_all_sql(table, columns));
    bool first_row = true;
    while (s.step()) {
      out += first_row ? "\n  " : ",\n  ";
      first_row = false;
      append_row(out, s, columns.size(), table);
    }
    out += "]}";
  }
  out += "\n}}\n";
  return out;
}

void delete_all_rows(Database& db) {
  db.exec("PRAGMA defer_foreign_keys = ON");
  for (const std::string& table : state_tables(db))
    db.prepare(interned("DELETE FROM " + quoted(table))).run();
}

std::string import_state(Database& db, std::string_view json) {
  Transaction tx(db);
  std::string problem = import_state_rows(db, json);
  if (!problem.empty()) return problem;  // tx rolls back
  try {
    tx.commit();
  } catch (const DatabaseError& e) {
    // Deferred foreign keys are checked here: a row points at one that is not in the state.
    return std::string("the state is inconsistent: ") + e.what();
  }
  return "";
}

std::string import_state_rows(Database& db, std::string_view json) {
  if (!json_nesting_within(json)) return "the state nests too deeply to be a state snapshot";
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError())
    return "the state is not JSON: " +
           std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " (line " +
           std::to_string(line_of_offset(json, doc.GetErrorOffset())) + ")";
  if (!doc.IsObject()) return "the state must be a JSON object";
  auto format = doc.FindMember("format");
  if (format == doc.MemberEnd() || !format->value.IsString() ||
      std::string_view(format->value.GetString()) != "localiam-state")
    return "the state must have \"format\": \"localiam-state\" (an export of localiam)";
  auto version = doc.FindMember("schema_version");
  if (version == doc.MemberEnd() || !version->value.IsInt64())
    return "the state must have an integer \"schema_version\"";
  const int64_t ours = schema_version(db);
  if (version->value.GetInt64() != ours)
    return "the state was exported at schema version " + std::to_string(version->value.GetInt64()) +
           "; this database is at version " + std::to_string(ours) +
           " (export it again with this localiam's version)";
  auto tables = doc.FindMember("tables");
  if (tables == doc.MemberEnd() || !tables->value.IsObject())
    return "the state must have a \"tables\" object";
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (name != "format" && name != "schema_version" && name != "tables")
      return "unknown field \"" + std::string(name) + "\" in the state";
  }

  std::map<std::string, std::vector<Column>> known;
  for (const std::string& table : state_tables(db)) known[table] = columns_of(db, table);
  for (auto it = tables->value.MemberBegin(); it != tables->value.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (!known.count(name)) return "unknown table \"" + name + "\" in the state";
  }

  delete_all_rows(db);
  for (auto it = tables->value.MemberBegin(); it != tables->value.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    std::string problem = import_table(db, name, it->value, known[name]);
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace localiam::storage
