/** The remote client's connections and live subscriptions; not API, may change without notice. */
package dev.rewind.bus.internal.client;
