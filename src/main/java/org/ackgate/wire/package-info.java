/**
 * Byte-level building blocks the codecs share: a buffered frame reader that never reads past
 * what it is asked for without keeping it, and the protocol violations a decoder reports. No
 * Spring import: everything here is tested on plain streams.
 */
package org.ackgate.wire;
