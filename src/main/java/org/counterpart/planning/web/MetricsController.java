package org.counterpart.planning.web;

import org.counterpart.shared.Metric;
import org.counterpart.shared.MetricCatalog;
import org.counterpart.shared.MetricRecord;
import org.counterpart.shared.MetricSubject;
import org.counterpart.shared.Period;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.util.List;

/**
 * Where every actual opens: a metric's value for one subject and period, named in words, with the records
 * behind it and a link to each. Without a metric the page lists the catalogue. The records are shown to
 * those whose scope holds the subject ({@link PlanView#seesRecordsOf}); others see the value and why not.
 */
@Controller
class MetricsController {

    /** How many records the page lists at most; the value counts them all. */
    static final int RECORDS = 500;

    private final MetricCatalog metrics;
    private final PlanView view;

    MetricsController(MetricCatalog metrics, PlanView view) {
        this.metrics = metrics;
        this.view = view;
    }

    @GetMapping("/plan/metrics")
    String metric(@RequestParam(required = false) String metric, @RequestParam(required = false) String subject,
                  @RequestParam(required = false) String period, Model model) {
        if (metric == null || metric.isBlank()) {
            model.addAttribute("catalogue", metrics.all());
            return "plan/metrics";
        }
        Metric m = metrics.require("metric", metric.strip());
        MetricSubject s = MetricSubject.parse(subject);
        Period p = Period.parse("period", period);
        BigDecimal value = metrics.value(m.id(), s, p);
        boolean sees = view.seesRecordsOf(s);
        List<MetricRecord> records = sees ? metrics.records(m.id(), s, p, RECORDS) : List.of();
        model.addAttribute("metric", m);
        model.addAttribute("label", m.label(LocaleContextHolder.getLocale()));
        model.addAttribute("subject", s);
        model.addAttribute("subjectName", view.subjectName(s, LocaleContextHolder.getLocale()));
        model.addAttribute("subjectKind", "plan.subject." + s.key().substring(0, s.key().indexOf(':')));
        model.addAttribute("period", p);
        model.addAttribute("periodLabel", p.label(LocaleContextHolder.getLocale()));
        model.addAttribute("value", PlanView.amount(value, m.unit()));
        model.addAttribute("sees", sees);
        model.addAttribute("records", records);
        model.addAttribute("cut", records.size() >= RECORDS);
        model.addAttribute("unitKey", view.unitKey(m.unit()));
        return "plan/metric";
    }
}
