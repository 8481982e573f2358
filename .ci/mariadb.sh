# Sourced by .ci/run (and usable by hand): a MariaDB server with a throwaway
# data directory, listening on 127.0.0.1 only. Sets ZCRMRUN_TEST_MYSQL_DSN.
MARIADB_PORT=${MARIADB_PORT:-33061}

start_mariadb() {
  MARIADB_DIR=$(mktemp -d /tmp/zcrmrun-mariadb.XXXXXX)
  chown -R mysql:mysql "$MARIADB_DIR" 2>/dev/null || true
  local install=mariadb-install-db; command -v $install >/dev/null || install=mysql_install_db
  local server=mariadbd; command -v $server >/dev/null || server=mysqld
  [ -x "$(command -v $server)" ] || server=/usr/sbin/mariadbd
  $install --user=mysql --datadir="$MARIADB_DIR/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$MARIADB_DIR/install.log" 2>&1
  $server --user=mysql --datadir="$MARIADB_DIR/data" --bind-address=127.0.0.1 --port="$MARIADB_PORT" \
    --socket="$MARIADB_DIR/mysqld.sock" --pid-file="$MARIADB_DIR/mysqld.pid" --skip-name-resolve \
    --log-error="$MARIADB_DIR/error.log" >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    if mariadb --protocol=socket --socket="$MARIADB_DIR/mysqld.sock" -uroot -e 'select 1' >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  mariadb --protocol=socket --socket="$MARIADB_DIR/mysqld.sock" -uroot <<SQL
CREATE USER IF NOT EXISTS 'zcrmrun'@'127.0.0.1' IDENTIFIED BY 'zcrmrun-test';
GRANT ALL PRIVILEGES ON *.* TO 'zcrmrun'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  ZCRMRUN_TEST_MYSQL_DSN="zcrmrun:zcrmrun-test@tcp(127.0.0.1:$MARIADB_PORT)/"
  echo "MariaDB ready at 127.0.0.1:$MARIADB_PORT (data in $MARIADB_DIR)"
}

stop_mariadb() {
  if [ -n "${MARIADB_DIR:-}" ] && [ -f "$MARIADB_DIR/mysqld.pid" ]; then
    kill "$(cat "$MARIADB_DIR/mysqld.pid")" 2>/dev/null || true
    sleep 1
    rm -rf "$MARIADB_DIR"
  fi
}
