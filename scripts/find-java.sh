# Sourced by ./hubkeep and ./run-tests: sets JAVA_HOME to a JDK of version 21 or newer.
# Looks at $JAVA_HOME, then the java on PATH, then every JDK under /usr/lib/jvm.

java_major() { # prints the major version of the given java binary, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_java_home() {
  local candidate bin major
  for candidate in "${JAVA_HOME:-}" \
      "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")" \
      /usr/lib/jvm/*; do
    [ -n "$candidate" ] || continue
    bin="$candidate/bin/java"
    [ -x "$bin" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$bin")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_java_home); then
  cat >&2 <<'MSG'
Hubkeep needs a JDK of version 21 or newer, and none was found
(looked at $JAVA_HOME, the java on PATH and /usr/lib/jvm/*).
Install one, for example Eclipse Temurin 21 or 25 (https://adoptium.net), or on Debian/Ubuntu:
  sudo apt-get install openjdk-21-jdk        # where the release packages it
then run this again, or point JAVA_HOME at it.
MSG
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
