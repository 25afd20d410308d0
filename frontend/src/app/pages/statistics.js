// The statistics dashboard and the public statistics (templates/statistics/); after
// vendor/echarts/echarts.min.js.
import '../statistics.js';
