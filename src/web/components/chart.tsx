import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { Loading } from './states.tsx';

type EChartsModule = typeof import('./echarts-setup.ts');
let loading: Promise<EChartsModule> | null = null;
const loadECharts = () => (loading ??= import('./echarts-setup.ts'));

/** An ECharts canvas; the library is fetched the first time a chart is shown. */
export function Chart({ option, height = 320, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EChartsModule['echarts']['init']> | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void loadECharts().then(({ echarts }) => {
      if (disposed || !ref.current) return;
      chart.current = echarts.init(ref.current, undefined, { renderer: 'canvas' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(ref.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [option, ready]);
  return (
    <div className="chart-box" style={{ height }}>
      {!ready && <Loading />}
      <div ref={ref} className="chart" role="img" aria-label={label} style={{ height, width: '100%' }} />
    </div>
  );
}

/**
 * The chart of an option drawn as an SVG string at a fixed size (ECharts' own SVG renderer, loaded only when a picture
 * is asked for), for the PNG download: the same series, axes and legend as on screen, not a copy of the screen's pixels.
 */
export async function chartToSvg(option: EChartsCoreOption, width: number, height: number, fontFamily: string): Promise<string> {
  const [{ echarts }, { SVGRenderer }] = await Promise.all([loadECharts(), import('./echarts-svg.ts')]);
  echarts.use([SVGRenderer]);
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, textStyle: { fontFamily } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
