/**
 * JMH benchmarks of the codecs and the line reply path, per message (ns and, with
 * {@code -prof gc}, bytes allocated). A package of their own, so they can use only the public
 * API of {@code wire}, {@code line} and {@code framed} and survive changes behind it. How to
 * run them and the figures: docs/performance.md.
 */
package org.ackgate.jmh;
