/**
 * The framed-ack endpoint (the tutorial's framed {@code Headers} server): the {@code Headers} frame codec with resynchronisation
 * and the {@code ok} receipt, its properties, the ack it answers with, and the flow that joins
 * them.
 */
package org.ackgate.framed;
