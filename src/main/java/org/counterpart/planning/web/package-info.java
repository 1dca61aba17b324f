/**
 * The pages of the plan: action plans, responsibility lists and tasks with their list spreadsheets, the metric
 * drill-down and JSON API, and the monthly reports of the owner units with their review and lock exceptions.
 */
package org.counterpart.planning.web;
