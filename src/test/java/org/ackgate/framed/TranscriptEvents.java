package org.ackgate.framed;

import org.ackgate.support.Transcript;

/** Receipts and skipped bytes, in the transcript where they happened among the frames. */
record TranscriptEvents(Transcript transcript) implements HeadersCodec.Events {

	@Override
	public void receipt(String peer) {
		this.transcript.receipt();
	}

	@Override
	public void skipped(String peer, long count) {
		this.transcript.skipped(count);
	}

}
