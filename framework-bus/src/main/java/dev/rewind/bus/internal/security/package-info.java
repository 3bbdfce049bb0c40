/** CURVE keys on sockets and the ZAP handler that lets allowed clients in; not API. */
package dev.rewind.bus.internal.security;
