// The start page's first answers: the app serves this module once with them (src-tauri/src/first_view.rs); everywhere else it says null and api.js asks the commands.
export default null;
