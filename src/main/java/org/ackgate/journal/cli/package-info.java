/**
 * {@code java -jar ackgate.jar journal dump|tail|stats --directory DIR}: the operators' reader of
 * journal files, with no Spring context and without the service running.
 */
package org.ackgate.journal.cli;
