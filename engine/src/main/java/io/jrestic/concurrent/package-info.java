/** Small additions to {@code java.util.concurrent} for the engine's bounded worker pools. */
package io.jrestic.concurrent;
