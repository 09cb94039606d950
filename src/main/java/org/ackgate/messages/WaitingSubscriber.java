package org.ackgate.messages;

/**
 * Declares that a subscriber of {@code ackgate.messages} waits for something besides the CPU
 * before it returns (a disk, a broker, an upstream server), so a message's flow must not run
 * on a thread that serves other connections: the event-loop transport runs it off the loop.
 * @param what the subscriber, in words for the startup log
 */
public record WaitingSubscriber(String what) {
}
