/** The admin server's routes, JSON rendering and checks; not API, may change without notice. */
package dev.rewind.admin.internal;
