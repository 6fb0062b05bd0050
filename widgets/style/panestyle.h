#pragma once

class QLabel;
class QTreeView;

namespace firebreak {

struct Theme;

// The look that the incident list and the timeline share (pane titles, muted captions, dense
// row lists), set in one place so the two panes cannot drift apart.
class PaneStyle {
public:
    static void title(QLabel& label);
    static void muted(QLabel& label, const Theme& theme);
    static void rowList(QTreeView& tree);
};

} // namespace firebreak
