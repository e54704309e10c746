/**
 * JMH benchmarks of the hot paths: chunking, sealing and opening blobs, index insert and lookup. Build with
 * {@code ./mvnw -pl benchmarks -am package -DskipTests}, run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package io.jrestic.benchmarks;
