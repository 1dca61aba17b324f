/** The pages, list spreadsheets, metric drill-down and JSON API of action plans, responsibility lists and tasks. */
package org.counterpart.planning.web;
