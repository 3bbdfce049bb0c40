// A small line chart on a canvas: series of [time ms, value] points over a sliding window, with a y axis from 0.
"use strict";

const Lines = (() => {
  const COLORS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#9a6700", "#bf3989", "#57606a"];

  function niceMax(value) {
    if (value <= 0) return 1;
    const step = Math.pow(10, Math.floor(Math.log10(value)));
    for (const m of [1, 2, 5, 10]) {
      if (value <= m * step) return m * step;
    }
    return 10 * step;
  }

  function draw(canvas, series, windowMs, now) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    const left = 48, right = 8, top = 8, bottom = 22;
    ctx.clearRect(0, 0, w, h);
    let max = 0;
    for (const s of series) for (const [, v] of s.points) max = Math.max(max, v);
    max = niceMax(max);
    const x = t => left + (w - left - right) * (1 - (now - t) / windowMs);
    const y = v => top + (h - top - bottom) * (1 - v / max);
    ctx.font = "11px system-ui, sans-serif";
    ctx.strokeStyle = "#d0d7de";
    ctx.fillStyle = "#6e7781";
    for (let i = 0; i <= 4; i++) {
      const v = max * i / 4;
      ctx.beginPath();
      ctx.moveTo(left, y(v));
      ctx.lineTo(w - right, y(v));
      ctx.stroke();
      ctx.fillText(v >= 1000 ? (v / 1000) + "k" : String(Math.round(v * 100) / 100), 4, y(v) + 4);
    }
    for (let m = 0; m <= windowMs / 60000; m++) {
      ctx.fillText(m === 0 ? "now" : "-" + m + " min", x(now - m * 60000) - 14, h - 6);
    }
    series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.6;
      ctx.beginPath();
      s.points.filter(([t]) => now - t <= windowMs).forEach(([t, v], j) => {
        if (j === 0) ctx.moveTo(x(t), y(v)); else ctx.lineTo(x(t), y(v));
      });
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.fillText(s.label, left + 6 + i * 110, top + 12);
    });
    ctx.lineWidth = 1;
  }

  return { draw };
})();
