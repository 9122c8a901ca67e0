#include "common/db/statement_cache.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace partygroup::db {
namespace {

// Statements a connection keeps; texts longer than this (IN lists of a batch, rows of a
// multi-row insert) change with their data and are prepared per use. Room for a service's
// statements and a multi-row insert of each size a group's rows come in (3 to 50 members).
constexpr size_t kKeptPerConnection = 64;
constexpr size_t kLongestKeptText = 2000;

struct Kept {
  std::unique_ptr<sql::PreparedStatement> statement;
  bool lent = false;
  uint64_t last_use = 0;
};

struct ConnectionCache {
  absl::flat_hash_map<std::string, std::unique_ptr<Kept>> kept;
  uint64_t clock = 0;
};

absl::Mutex registry_mu(absl::kConstInit);
absl::flat_hash_map<const sql::Connection*, std::unique_ptr<ConnectionCache>>& Registry() {
  static auto* registry =
      new absl::flat_hash_map<const sql::Connection*, std::unique_ptr<ConnectionCache>>();
  return *registry;
}

// The connection's cache; a connection is used by one thread at a time, so the cache itself
// needs no lock once found.
ConnectionCache* CacheOf(const sql::Connection* connection) {
  absl::MutexLock lock(&registry_mu);
  auto it = Registry().find(connection);
  return it == Registry().end() ? nullptr : it->second.get();
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : statement_(other.statement_), owned_(std::move(other.owned_)), lent_(other.lent_) {
  other.statement_ = nullptr;
  other.lent_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    statement_ = other.statement_;
    owned_ = std::move(other.owned_);
    lent_ = other.lent_;
    other.statement_ = nullptr;
    other.lent_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { Release(); }

void Statement::Release() {
  if (lent_ != nullptr) *lent_ = false;
  lent_ = nullptr;
  statement_ = nullptr;
  owned_.reset();
}

Statement Prepare(sql::Connection& connection, const std::string& text, Keep keep) {
  Statement lent;
  ConnectionCache* cache =
      keep == Keep::kAlways || text.size() <= kLongestKeptText ? CacheOf(&connection) : nullptr;
  if (cache != nullptr) {
    auto it = cache->kept.find(text);
    if (it == cache->kept.end()) {
      if (cache->kept.size() >= kKeptPerConnection) {
        // Make room: the least recently used statement not lent out.
        auto oldest = cache->kept.end();
        for (auto k = cache->kept.begin(); k != cache->kept.end(); ++k) {
          if (!k->second->lent &&
              (oldest == cache->kept.end() || k->second->last_use < oldest->second->last_use)) {
            oldest = k;
          }
        }
        if (oldest != cache->kept.end()) cache->kept.erase(oldest);
      }
      if (cache->kept.size() < kKeptPerConnection) {
        auto kept = std::make_unique<Kept>();
        kept->statement.reset(connection.prepareStatement(text));
        it = cache->kept.emplace(text, std::move(kept)).first;
      }
    }
    if (it != cache->kept.end() && !it->second->lent) {
      Kept& kept = *it->second;
      kept.lent = true;
      kept.last_use = ++cache->clock;
      kept.statement->clearParameters();
      lent.statement_ = kept.statement.get();
      lent.lent_ = &kept.lent;
      return lent;
    }
  }
  lent.owned_.reset(connection.prepareStatement(text));
  lent.statement_ = lent.owned_.get();
  return lent;
}

void AttachStatementCache(sql::Connection* connection) {
  absl::MutexLock lock(&registry_mu);
  Registry()[connection] = std::make_unique<ConnectionCache>();
}

void DetachStatementCache(sql::Connection* connection) {
  std::unique_ptr<ConnectionCache> cache;
  {
    absl::MutexLock lock(&registry_mu);
    auto it = Registry().find(connection);
    if (it == Registry().end()) return;
    cache = std::move(it->second);
    Registry().erase(it);
  }
  // Closing statements of a connection the server dropped may throw; they are gone either way.
  for (auto& [text, kept] : cache->kept) {
    try {
      kept->statement.reset();
    } catch (const sql::SQLException&) {
    }
  }
}

int64_t LastInsertId(sql::Connection& connection) {
  Statement last = Prepare(connection, "SELECT LAST_INSERT_ID()");
  std::unique_ptr<sql::ResultSet> rows(last->executeQuery());
  rows->next();
  return rows->getInt64(1);
}

}  // namespace partygroup::db
