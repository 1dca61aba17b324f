/** Loading the shipped division tables into the database on first start. */
package org.counterpart.geography.internal;
