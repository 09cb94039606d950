/**
 * NTP on the UDP time port (RFC 5905 / RFC 4330 server side): 64-bit NTP timestamps with era
 * handling, telling NTP requests from text requests (the tutorial's UDP time client's), server and Kiss-o'-Death
 * replies. Pure: no Spring import, time passed in.
 */
package org.ackgate.ntp;
