// A place field (input[data-place]) suggests places while someone types: names or codes, the user's own
// places first. Without this file the field still takes a name or a code typed in full.
(function () {
    'use strict';
    var timers = new WeakMap();
    function attach(input) {
        var list = document.createElement('datalist');
        list.id = (input.id || input.name) + '-places';
        input.after(list);
        input.setAttribute('list', list.id);
        input.setAttribute('autocomplete', 'off');
        input.addEventListener('input', function () {
            clearTimeout(timers.get(input));
            var q = input.value.trim();
            if (q.length < 1 || /\s\d{2,12}$/.test(q)) {
                return; // empty, or a suggestion already picked
            }
            timers.set(input, setTimeout(function () {
                fetch('/places/suggest?q=' + encodeURIComponent(q), {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
                    .then(function (r) { return r.ok ? r.json() : []; })
                    .then(function (places) {
                        list.replaceChildren.apply(list, places.map(function (p) {
                            var option = document.createElement('option');
                            option.value = p.value;
                            option.label = p.fullName;
                            return option;
                        }));
                    })
                    .catch(function () { /* no suggestions; the field still takes what is typed */ });
            }, 150));
        });
    }
    document.querySelectorAll('input[data-place]').forEach(attach);
}());
