/**
 * The durable journal: every accepted message appended to segment files before its ack, with
 * group commit under {@code fsync: always}, recovery of a torn tail at startup, retention by size
 * and age, and the meters and readiness member that report on it. The format and the policies are
 * in docs/journal.md; {@code journal dump|tail|stats} (the {@code cli} package) reads the files.
 */
package org.ackgate.journal;
