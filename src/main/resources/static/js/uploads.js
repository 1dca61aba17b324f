// Files larger than the server takes are refused here, before minutes of uploading end in an error:
// the form stays as it was and says which file is too large and what to do instead. The limit is on
// the whole request, so the files of one form count together.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var limit = Number(document.body.getAttribute('data-upload-limit') || 0);
  if (!limit || !form.querySelectorAll) {
    return;
  }
  var inputs = form.querySelectorAll('input[type=file]');
  var total = 0;
  var largest = null;
  var largestInput = null;
  for (var i = 0; i < inputs.length; i++) {
    var files = inputs[i].files || [];
    for (var j = 0; j < files.length; j++) {
      total += files[j].size;
      if (!largest || files[j].size > largest.size) {
        largest = files[j];
        largestInput = inputs[i];
      }
    }
  }
  if (total <= limit) {
    return;
  }
  event.preventDefault();
  event.stopPropagation();
  var note = form.querySelector('.upload-refusal');
  if (!note) {
    note = document.createElement('p');
    note.className = 'notice bad mt-2 upload-refusal';
    note.setAttribute('role', 'alert');
    largestInput.insertAdjacentElement('afterend', note);
  }
  note.textContent = largest.name + ': ' + document.body.getAttribute('data-upload-refusal');
  largestInput.focus();
}, true);
