// ECharts' SVG renderer alone, loaded only when a chart is drawn as a picture (the PNG download).
export { SVGRenderer } from 'echarts/renderers';
