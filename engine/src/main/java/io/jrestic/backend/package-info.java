/**
 * The storage contract the engine writes through: {@link io.jrestic.backend.Backend} and the names of repository
 * files. Implementations live in the backends module; the engine never imports a storage SDK.
 */
package io.jrestic.backend;
