package org.ackgate.framed;

import org.ackgate.support.Transcript;
import org.ackgate.wire.FrameInput;

/** Receipts and skipped bytes, in the transcript where they happened among the frames. */
record TranscriptEvents(Transcript transcript) implements HeadersCodec.Events {

	@Override
	public void receipt(FrameInput input) {
		this.transcript.receipt();
	}

	@Override
	public void skipped(FrameInput input, long count) {
		this.transcript.skipped(count);
	}

}
