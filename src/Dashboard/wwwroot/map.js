// Shows the thumbnail of the cluster-map point under the pointer or keyboard focus (points carry data-thumb).
(() => {
  const show = e => {
    const point = e.target.closest && e.target.closest('[data-thumb]');
    const preview = document.getElementById('map-preview');
    if (!preview) return;
    if (!point) { preview.hidden = true; return; }
    preview.querySelector('img').src = point.getAttribute('data-thumb');
    preview.hidden = false;
  };
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
})();
