// Controls that need a script, attached here because the pages' content-security policy runs no
// inline handlers. Every form still works without this file: a select has its own submit button,
// and a delete without the question is still a plain form post.
(function () {
    'use strict';
    // a button with data-confirm asks its question first; "cancel" sends nothing
    document.addEventListener('click', function (event) {
        var button = event.target.closest('[data-confirm]');
        if (button && !window.confirm(button.getAttribute('data-confirm'))) {
            event.preventDefault();
        }
    });
    // a select with data-autosubmit sends its form as soon as it changes; its button is then not needed
    document.addEventListener('change', function (event) {
        var select = event.target.closest('select[data-autosubmit]');
        if (select && select.form) {
            select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
        }
    });
    // a button with data-print opens the browser's print dialogue (the page's print stylesheet makes it a card)
    document.addEventListener('click', function (event) {
        if (event.target.closest('[data-print]')) {
            window.print();
        }
    });
    document.querySelectorAll('[data-autosubmit-button]').forEach(function (b) { b.hidden = true; });
}());
