/**
 * Value types and helpers that every module may use: the change event every module publishes for
 * the audit log, refusals that carry a field and a reason, resident ID numbers, protection and masking
 * of personal data, reading the CSV/XLSX files people bring, spreadsheet output that is safe to open,
 * background jobs with their progress, and the problems of an import as a file to download.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.counterpart.shared;
