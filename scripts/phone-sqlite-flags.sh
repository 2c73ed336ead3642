# Sourced before building the phone packages (`. scripts/phone-sqlite-flags.sh`; README,
# android/, ios/, scripts/measure-dist-size.sh): the SQLite the phone bundles, without what
# the app never uses. libsqlite3-sys (bundled) compiles SQLite with FTS3/FTS5, R*Tree, the
# dbstat table, STAT4 and extension loading; the app's cache uses none of them, and a phone
# must never load an extension. Measured: 0.31 MiB off the phone binary (BENCHMARKS.md).
# Only for the phone build: the server's sqlx links extension loading.
export LIBSQLITE3_FLAGS="-USQLITE_ENABLE_FTS3 -USQLITE_ENABLE_FTS3_PARENTHESIS -USQLITE_ENABLE_FTS5 -USQLITE_ENABLE_RTREE -USQLITE_ENABLE_DBSTAT_VTAB -USQLITE_ENABLE_STAT4 -USQLITE_ENABLE_LOAD_EXTENSION -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_DEPRECATED -DSQLITE_OMIT_SHARED_CACHE"
