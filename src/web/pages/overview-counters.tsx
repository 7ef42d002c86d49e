// Open alerts and late reports on the overview: filled in once the alerts and completeness APIs exist.
export function OverviewCounters() {
  return null;
}
