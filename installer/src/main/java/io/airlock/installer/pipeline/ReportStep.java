package io.airlock.installer.pipeline;

import io.airlock.core.AirlockException;
import io.airlock.installer.report.InstallReport;
import io.airlock.installer.report.ReportWriter;

/** Saves the report as JSON and Markdown: what was done, where, how long each step took. */
final class ReportStep implements InstallStep {

  @Override
  public String id() {
    return "report";
  }

  @Override
  public String title() {
    return "Install report";
  }

  @Override
  public Result run(InstallRun run) throws AirlockException {
    InstallReport report = ReportAssembly.of(run, "completed", null);
    run.written = ReportWriter.write(report, run.request().reportDir());
    run.report = report;
    return Result.done(run.written.markdown().toString());
  }
}
