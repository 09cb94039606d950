package org.ackgate.journal;

/** When the journal forces what it wrote to the disk; see docs/journal.md for each policy's loss window. */
public enum FsyncPolicy {

	/** Every append returns only once its record is forced; concurrent appends share one force (group commit). */
	ALWAYS,

	/** Appends return once written to the operating system; a timer forces every {@code fsync-interval}. */
	INTERVAL,

	/** Appends return once written to the operating system, which writes back when it likes. */
	NONE

}
