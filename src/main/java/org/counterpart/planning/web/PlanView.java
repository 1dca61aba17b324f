package org.counterpart.planning.web;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.planning.Plans;
import org.counterpart.planning.Progress;
import org.counterpart.planning.ResponsibilityList;
import org.counterpart.planning.Task;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.MetricUnit;
import org.counterpart.shared.Period;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the plan pages show of a target's progress: the figures written for people, the standing in words,
 * and the address where each actual opens to the records behind it. Shared by the pages and the API.
 */
@Component("pv")
public class PlanView {

    /** One target's line on a page. */
    public record Line(Progress.TargetProgress p, String owner, String ownerKey, String target, String actual, String done,
                       String elapsed, int doneBar, int elapsedBar, String standingKey, String standingClass, Optional<String> link) {
        public Task task() {
            return p.task();
        }
    }

    private final Plans plans;
    private final org.counterpart.geography.Regions regions;
    private final org.counterpart.cooperation.Institutions institutions;

    PlanView(Plans plans, org.counterpart.geography.Regions regions, org.counterpart.cooperation.Institutions institutions) {
        this.plans = plans;
        this.regions = regions;
        this.institutions = institutions;
    }

    public String placeName(org.counterpart.geography.RegionCode code) {
        return regions.find(code).map(r -> regions.fullName(code)).orElse(code.value());
    }

    /** Whose figure a subject is, in words: the place, the government that recorded, or the institution. */
    public String subjectName(MetricSubject subject, Locale locale) {
        if (subject instanceof MetricSubject.Institution i) {
            return institutions.nameOf(i.id()).orElse("#" + i.id());
        }
        return placeName(new org.counterpart.geography.RegionCode(region(subject)));
    }

    /**
     * Whether the caller may see the records behind a subject's value: the whole country, a region scope
     * that holds the subject's place, or the institution itself (or one the caller's scope sees). The value
     * itself belongs to the plan, which both cities read.
     */
    public boolean seesRecordsOf(MetricSubject subject) {
        if (CurrentUser.isSystem()) {
            return true;
        }
        Optional<org.counterpart.identity.Scope> scope = CurrentUser.scopeOfCaller();
        if (scope.isEmpty()) {
            return false;
        }
        if (scope.get().isNation()) {
            return true;
        }
        if (subject instanceof MetricSubject.Institution i) {
            return scope.get().isInstitution(i.id()) || visible(i.id());
        }
        return scope.get().covers(new org.counterpart.geography.RegionCode(region(subject)));
    }

    private static String region(MetricSubject subject) {
        return subject instanceof MetricSubject.Place p ? p.region() : ((MetricSubject.RecordedBy) subject).region();
    }

    private boolean visible(long institution) {
        try {
            institutions.get(institution);
            return true;
        } catch (org.springframework.security.access.AccessDeniedException | org.counterpart.shared.NotFoundException outside) {
            return false;
        }
    }

    public List<Line> lines(List<Progress.TargetProgress> progress) {
        return progress.stream().map(this::line).toList();
    }

    public Line line(Progress.TargetProgress p) {
        Optional<String> link = p.task().metricId().map(m -> metricLink(m, p.subject(), p.period()));
        return new Line(p, plans.nameOf(p.target().owner()), p.target().owner().key(), amount(p.target().value(), p.task().unit()),
                amount(p.actual(), p.task().unit()), p.percentDone().toPlainString() + "%", p.percentElapsed().toPlainString() + "%",
                bar(p.percentDone()), bar(p.percentElapsed()), "plan.standing." + p.standing().name().toLowerCase(Locale.ROOT),
                switch (p.standing()) {
                    case DONE -> "ok";
                    case ON_TRACK -> "accent";
                    case BEHIND, MILESTONE_MISSED -> "warn";
                    case OVERDUE -> "bad";
                }, link);
    }

    /** Where an actual opens to its records. */
    public static String metricLink(String metricId, MetricSubject subject, Period period) {
        return UriComponentsBuilder.fromPath("/plan/metrics").queryParam("metric", metricId).queryParam("subject", subject.key())
                .queryParam("period", period.toString()).encode().build().toUriString();
    }

    /** A figure in its unit: money in 万元 with two decimals, counts whole, shares with one decimal; thousands separated. */
    public static String amount(BigDecimal value, MetricUnit unit) {
        if (value == null) {
            return "";
        }
        if (unit == MetricUnit.YUAN) {
            return org.counterpart.shared.Money.wanText(value);
        }
        String pattern = unit.scale() == 0 ? "#,##0" : unit.scale() == 1 ? "#,##0.0" : "#,##0.00";
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value.setScale(unit.scale(), RoundingMode.HALF_UP));
    }

    /** A value as a form shows it for editing: money in 万元 (as the label says), the rest as it is. */
    public static String inputOf(BigDecimal value, MetricUnit unit) {
        BigDecimal shown = unit == MetricUnit.YUAN ? value.movePointLeft(4) : value;
        return shown.stripTrailingZeros().toPlainString();
    }

    /** A value typed in a form, in the unit the form shows: 万元 become yuan. */
    public static BigDecimal entered(BigDecimal typed, MetricUnit unit) {
        return unit == MetricUnit.YUAN ? typed.movePointRight(4) : typed;
    }

    /** A target's milestones as the form writes them, {@code 2018Q2=40; 2018Q3=65}, in the form's unit. */
    public String milestonesText(Task.Target target, MetricUnit unit) {
        return String.join("; ", target.milestones().stream().map(m -> m.period() + "=" + inputOf(m.value(), unit)).toList());
    }

    private static int bar(BigDecimal percent) {
        return Math.max(0, Math.min(100, percent.intValue()));
    }

    /** The month a list is shown at by default: this month in the list's year, December for a past year, January for a coming one. */
    public static int defaultMonth(ResponsibilityList list, LocalDate today) {
        return list.year() < today.getYear() ? 12 : list.year() > today.getYear() ? 1 : today.getMonthValue();
    }

    /** Whether the signed-in person may set up plans at all (the service still checks the plan's cities). */
    public static boolean mayPlan() {
        return CurrentUser.get().map(u -> u.is(Role.ADMINISTRATOR, Role.COORDINATOR)).orElse(false);
    }

    public String unitKey(MetricUnit unit) {
        return "plan.unit." + unit.name().toLowerCase(Locale.ROOT);
    }
}
