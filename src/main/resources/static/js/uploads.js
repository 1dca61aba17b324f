// A file larger than the server takes is refused here, before minutes of uploading end in an error:
// the form stays as it was and says which file is too large and what to do instead.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var limit = Number(document.body.getAttribute('data-upload-limit') || 0);
  if (!limit || !form.querySelectorAll) {
    return;
  }
  var inputs = form.querySelectorAll('input[type=file]');
  for (var i = 0; i < inputs.length; i++) {
    var files = inputs[i].files || [];
    for (var j = 0; j < files.length; j++) {
      if (files[j].size > limit) {
        event.preventDefault();
        event.stopPropagation();
        var note = form.querySelector('.upload-refusal');
        if (!note) {
          note = document.createElement('p');
          note.className = 'notice bad mt-2 upload-refusal';
          note.setAttribute('role', 'alert');
          inputs[i].insertAdjacentElement('afterend', note);
        }
        note.textContent = files[j].name + ': ' + document.body.getAttribute('data-upload-refusal');
        inputs[i].focus();
        return;
      }
    }
  }
}, true);
