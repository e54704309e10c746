# Sourced (POSIX sh) by ./mvnw, ./jrestic and scripts/test.sh: points JAVA_HOME at a JDK 25 or newer.
# The machine's default `java` may be older (Debian bookworm ships 17), so look beside it.
jrestic_java_feature() { # prints the feature release of the JDK at $1, e.g. 25
  # The JDK's release file answers without starting a JVM (~0.05 s CPU of every ./jrestic run); ask the JVM
  # only when there is none.
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}
jrestic_find_jdk() {
  for candidate in "${JAVA_HOME-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
      /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/openjdk; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    feature=$(jrestic_java_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      JAVA_HOME=$candidate; export JAVA_HOME; return 0
    fi
  done
  echo "jrestic needs a JDK 25 or newer (found none in JAVA_HOME or /usr/lib/jvm)." >&2
  echo "Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium) or 'openjdk-25-jdk', or set JAVA_HOME." >&2
  return 1
}
