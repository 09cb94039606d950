package org.ackgate.framed;

import java.util.ArrayList;
import java.util.List;

/** Receipts and skipped bytes as a decoder reported them, in order, with the peer it named. */
final class CountingEvents implements HeadersCodec.Events {

	final List<String> reported = new ArrayList<>();

	long receipts;

	long skipped;

	@Override
	public void receipt(String peer) {
		this.receipts++;
		this.reported.add("receipt from " + peer);
	}

	@Override
	public void skipped(String peer, long count) {
		this.skipped += count;
		this.reported.add("skipped " + count + " from " + peer);
	}

}
