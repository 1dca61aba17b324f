/**
 * The application class and the command line, which runs the commands the modules contribute
 * ({@link org.counterpart.shared.Command}). Not a module: it may start any of them.
 */
package org.counterpart;
