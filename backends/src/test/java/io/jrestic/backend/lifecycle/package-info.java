/**
 * A repository's whole life on each remote backend against a real server on 127.0.0.1: init, two backups, snapshot
 * listing, restore, forget and prune, check with read-data, and restore again, all through the engine API.
 */
package io.jrestic.backend.lifecycle;
