package org.counterpart.planning;

/** A plan's list of tasks for one year (the "2018 Responsibility List"). */
public record ResponsibilityList(long id, long planId, int year, String title, int version) {
}
