/**
 * The admin HTTP API and web console that any Rewind application (or hub) serves on a port of its choosing:
 * {@link dev.rewind.admin.AdminServer}. Everything here is non-null unless documented otherwise; mechanisms live in
 * {@code dev.rewind.admin.internal}, which is not API.
 */
package dev.rewind.admin;
