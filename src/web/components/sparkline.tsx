/** A tiny trend line in SVG: cheap enough to draw dozens on the overview without a chart library. */
export function Sparkline({ values, target, width = 120, height = 32, label }: { values: number[]; target?: number | null; width?: number; height?: number; label: string }) {
  if (values.length < 2) return <span className="muted small">–</span>;
  const all = target === null || target === undefined ? values : [...values, target];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min || 1;
  const pad = 3;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (values.length - 1);
  const y = (v: number) => height - pad - ((v - min) / span) * (height - 2 * pad);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values.length - 1;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {target !== null && target !== undefined && <line x1={0} x2={width} y1={y(target)} y2={y(target)} className="spark-target" />}
      <polyline points={points} fill="none" className="spark-line" />
      <circle cx={x(last)} cy={y(values[last])} r={2.5} className="spark-dot" />
    </svg>
  );
}
