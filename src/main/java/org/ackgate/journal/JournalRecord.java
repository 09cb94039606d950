package org.ackgate.journal;

import java.time.Instant;

/**
 * One record as read back from the journal.
 * @param offset the record's position in the journal: its segment's base offset plus its place in the file
 * @param nextOffset where the record after it starts
 * @param receivedAt when the endpoint decoded the message
 * @param endpoint the endpoint that accepted it
 * @param peer the client's address and port
 * @param payload the message bytes
 */
public record JournalRecord(long offset, long nextOffset, Instant receivedAt, String endpoint, String peer,
		byte[] payload) {
}
