/** The pages of the plan: the monthly reports of the owner units, with their review and lock exceptions. */
package org.counterpart.planning.web;
